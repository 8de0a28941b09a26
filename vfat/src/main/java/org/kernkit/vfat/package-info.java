/** FAT12/16/32 file systems with long names, and the 2009 patent-safe naming mode. */
package org.kernkit.vfat;

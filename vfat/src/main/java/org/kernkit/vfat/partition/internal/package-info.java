/** On-disk layouts of the partition tables (MBR, GPT header, GPT entry, GUID byte order); not an API. */
package org.kernkit.vfat.partition.internal;

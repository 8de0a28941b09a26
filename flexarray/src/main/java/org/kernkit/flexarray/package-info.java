/** Huge arrays built from page-sized parts, after Linux's {@code flex_array} and generic radix trees. */
package org.kernkit.flexarray;

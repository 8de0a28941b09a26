/**
 * Huge sparse arrays built from page-sized parts, after Linux's {@code flex_array} and generic radix trees.
 * Exports {@link org.kernkit.flexarray}; its {@code internal} package is not part of the API and is not exported.
 */
module org.kernkit.flexarray {
    exports org.kernkit.flexarray;
}

/**
 * Huge sparse arrays built from page-sized parts, after Linux's {@code flex_array} and generic radix trees.
 * Exports {@link org.kernkit.flexarray}; its {@code internal} package is not part of the API and is not exported.
 *
 * <p>Native access: {@code NATIVE} storage maps its slabs with {@code mmap} through the FFM linker. Run with
 * {@code --enable-native-access=org.kernkit.flexarray} (module path) or {@code ALL-UNNAMED} (class path); without
 * it the JDK warns on first use.
 */
module org.kernkit.flexarray {
    exports org.kernkit.flexarray;
}

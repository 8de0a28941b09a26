package org.kernkit.vfat.nio;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** New FAT images for the nio tests, made the documented way: the {@code fat:} URI with {@code create}. */
final class ImageFixtures {

    private ImageFixtures() {}

    /** The {@code fat:} URI of an image file. */
    static URI uri(Path image) {
        return URI.create("fat:" + image.toUri());
    }

    /** A new 8 MiB image at {@code image}, open. */
    static FatNioFileSystem create(Path image) throws IOException {
        return create(image, Map.of());
    }

    /** A new 8 MiB image at {@code image} with more {@code env} keys, open. */
    static FatNioFileSystem create(Path image, Map<String, ?> extra) throws IOException {
        Map<String, Object> env = new HashMap<>(extra);
        env.put("create", "true");
        env.putIfAbsent("size", String.valueOf(8 << 20));
        FileSystem fs = FileSystems.newFileSystem(uri(image), env);
        return (FatNioFileSystem) fs;
    }
}

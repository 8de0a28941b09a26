package org.kernkit.vfat.nio;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.DosFileAttributeView;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileStoreAttributeView;

/** The single store of a FAT image: its label, type and space. */
final class FatFileStore extends FileStore {

    private final FatNioFileSystem fs;

    FatFileStore(FatNioFileSystem fs) {
        this.fs = fs;
    }

    @Override
    public String name() {
        try {
            return fs.core().volumeLabel();
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public String type() {
        return fs.core().type().name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public boolean isReadOnly() {
        return fs.isReadOnly();
    }

    @Override
    public long getTotalSpace() {
        return fs.core().totalSpace();
    }

    @Override
    public long getUsableSpace() {
        return fs.core().freeSpace();
    }

    @Override
    public long getUnallocatedSpace() {
        return fs.core().freeSpace();
    }

    @Override
    public boolean supportsFileAttributeView(Class<? extends FileAttributeView> type) {
        return type == BasicFileAttributeView.class || type == DosFileAttributeView.class;
    }

    @Override
    public boolean supportsFileAttributeView(String name) {
        return name.equals("basic") || name.equals("dos");
    }

    @Override
    public <V extends FileStoreAttributeView> V getFileStoreAttributeView(Class<V> type) {
        return null;
    }

    @Override
    public Object getAttribute(String attribute) {
        throw new UnsupportedOperationException("file store attribute '" + attribute + "' is not supported");
    }
}

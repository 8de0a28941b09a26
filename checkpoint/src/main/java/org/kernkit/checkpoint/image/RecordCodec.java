package org.kernkit.checkpoint.image;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A {@link StateCodec} derived from a record's components, so a task need not write one by hand; never Java
 * serialization.
 *
 * <pre>
 * component type                    encoding (little-endian, in component order)
 * boolean, byte / short, char       u8 / u16 (char as its UTF-16 unit)
 * int, float / long, double         u32 / u64 (floating point as its raw IEEE bits)
 * String                            u32 length + UTF-8           (StateWriter.putString)
 * byte[]                            u32 length + bytes           (StateWriter.putBlob)
 * List&lt;E&gt;                           u32 count + count x E        (decoded as an ArrayList)
 * Map&lt;K, V&gt;                         u32 count + count x (K, V)   (a LinkedHashMap, or a TreeMap if it was one)
 * a record                          its components, recursively
 * Integer, Long, Boolean, ...       as the primitive, inside lists and maps
 * </pre>
 *
 * <p><b>Limits.</b> No nulls (encoding a null names the component and fails); lists, maps, strings and byte
 * arrays up to what one section holds ({@link ImageDescriptor#MAX_SECTION_PAYLOAD} bytes for a task's whole state);
 * every count read back is checked against the bytes that remain before anything is allocated; nesting up to
 * {@link #MAX_DEPTH} levels of types. Component types are resolved once, when the codec is made.
 *
 * <p><b>Versions.</b> {@link #version()} is stored with every state. {@link #withMigration} adds a decoder for
 * states an older version wrote; a state whose version has none is refused, naming both versions. Immutable and
 * thread-safe once built.
 *
 * <p>Records are immutable, so a task with a record state holds it in a {@link RecordState} box and replaces it
 * each step; {@link #boxed} gives the box's codec.
 *
 * @param <R> the record type
 */
public final class RecordCodec<R extends Record> implements StateCodec<R> {

    /** Deepest nesting of lists, maps and records in one component type. */
    public static final int MAX_DEPTH = 16;

    private final Class<R> type;
    private final int version;
    private final Field root;
    private final Map<Integer, Function<StateReader, R>> migrations;

    private RecordCodec(Class<R> type, int version, Map<Integer, Function<StateReader, R>> migrations) {
        this.type = type;
        this.version = version;
        this.root = Field.of(type, type.getSimpleName(), 0);
        this.migrations = Map.copyOf(migrations);
    }

    /**
     * Derives the codec of a record type, version 1.
     *
     * @param type the record class
     * @param <R> the record type
     * @return the codec
     * @throws IllegalArgumentException if a component's type is not supported, naming the component
     */
    public static <R extends Record> RecordCodec<R> of(Class<R> type) {
        return of(type, 1);
    }

    /**
     * Derives the codec of a record type with a state version.
     *
     * @param type the record class
     * @param version the version of this encoding, at least 1; raise it when the record's components change
     * @param <R> the record type
     * @return the codec
     * @throws IllegalArgumentException if the version is below 1 or a component's type is not supported
     */
    public static <R extends Record> RecordCodec<R> of(Class<R> type, int version) {
        if (version < 1) {
            throw new IllegalArgumentException("state version " + version + " of " + type.getName() + " is below 1");
        }
        return new RecordCodec<>(type, version, Map.of());
    }

    /**
     * A codec that also reads states written by an older version, through that version's record type.
     *
     * @param from the older version
     * @param oldType the record type version {@code from} encoded (derived the same way)
     * @param upgrade turns an old state into a current one
     * @param <O> the old record type
     * @return a new codec; this one is unchanged
     * @throws IllegalArgumentException if {@code from} is not below this codec's version, or already has one
     */
    public <O extends Record> RecordCodec<R> withMigration(int from, Class<O> oldType, Function<O, R> upgrade) {
        if (from < 1 || from >= version || migrations.containsKey(from)) {
            throw new IllegalArgumentException("migration from version " + from + " to " + version + " of "
                    + type.getName() + ": must be 1.." + (version - 1) + " and given once");
        }
        RecordCodec<O> old = of(oldType, from);
        Map<Integer, Function<StateReader, R>> more = new LinkedHashMap<>(migrations);
        more.put(from, in -> upgrade.apply(old.decodeUnchecked(in)));
        return new RecordCodec<>(type, version, more);
    }

    @Override
    public int version() {
        return version;
    }

    @Override
    public void encode(R state, StateWriter out) {
        root.write(state, out);
    }

    @Override
    public R decode(StateReader in) throws ImageFormatException {
        try {
            return decodeUnchecked(in);
        } catch (Malformed e) {
            throw e.cause;
        }
    }

    @Override
    public R decode(StateReader in, int stateVersion) throws ImageFormatException {
        if (stateVersion == version) {
            return decode(in);
        }
        Function<StateReader, R> migration = migrations.get(stateVersion);
        if (migration == null) {
            throw in.error("state version " + stateVersion + " of " + type.getSimpleName() + ", but this program"
                    + " reads version " + version + " and has no migration from " + stateVersion, in.fileOffset());
        }
        try {
            return migration.apply(in);
        } catch (Malformed e) {
            throw e.cause;
        }
    }

    @SuppressWarnings("unchecked")
    private R decodeUnchecked(StateReader in) {
        return (R) root.read(in);
    }

    /**
     * The codec of a {@link RecordState} box around this codec's record.
     *
     * @return a codec with this codec's version and migrations
     */
    public StateCodec<RecordState<R>> boxed() {
        RecordCodec<R> inner = this;
        return new StateCodec<>() {
            @Override
            public void encode(RecordState<R> state, StateWriter out) {
                inner.encode(state.get(), out);
            }

            @Override
            public RecordState<R> decode(StateReader in) throws ImageFormatException {
                return new RecordState<>(inner.decode(in));
            }

            @Override
            public RecordState<R> decode(StateReader in, int stateVersion) throws ImageFormatException {
                return new RecordState<>(inner.decode(in, stateVersion));
            }

            @Override
            public int version() {
                return inner.version();
            }
        };
    }

    /** Carries an {@link ImageFormatException} through the decoders' functional interfaces. */
    private static final class Malformed extends RuntimeException {
        final ImageFormatException cause;

        Malformed(ImageFormatException cause) {
            super(cause.getMessage(), cause, false, false);
            this.cause = cause;
        }
    }

    /** How one value of one type is written and read. */
    private interface Field {
        void write(Object value, StateWriter out);

        Object read(StateReader in);

        static Field of(Type type, String where, int depth) {
            if (depth > MAX_DEPTH) {
                throw new IllegalArgumentException(where + ": types nested deeper than " + MAX_DEPTH);
            }
            if (type instanceof Class<?> c) {
                Field scalar = scalar(c, where);
                if (scalar != null) {
                    return scalar;
                }
                if (c.isRecord()) {
                    return record(c, where, depth);
                }
                if (c == List.class || c == Map.class) {
                    throw new IllegalArgumentException(where + ": raw " + c.getSimpleName()
                            + " has no element type; declare it, such as List<String>");
                }
            }
            if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
                Field element = of(p.getActualTypeArguments()[0], where + "[]", depth + 1);
                return new Field() {
                    @Override
                    public void write(Object value, StateWriter out) {
                        List<?> list = (List<?>) nonNull(value, where);
                        out.putInt(list.size());
                        for (Object e : list) {
                            element.write(e, out);
                        }
                    }

                    @Override
                    public Object read(StateReader in) {
                        int count = count(in, where);
                        List<Object> list = new ArrayList<>(count);
                        for (int i = 0; i < count; i++) {
                            list.add(element.read(in));
                        }
                        return list;
                    }
                };
            }
            if (type instanceof ParameterizedType p && p.getRawType() == Map.class) {
                Field key = of(p.getActualTypeArguments()[0], where + ".key", depth + 1);
                Field value = of(p.getActualTypeArguments()[1], where + ".value", depth + 1);
                return new Field() {
                    @Override
                    public void write(Object v, StateWriter out) {
                        Map<?, ?> map = (Map<?, ?>) nonNull(v, where);
                        out.putBoolean(map instanceof TreeMap);
                        out.putInt(map.size());
                        for (Map.Entry<?, ?> e : map.entrySet()) {
                            key.write(e.getKey(), out);
                            value.write(e.getValue(), out);
                        }
                    }

                    @Override
                    public Object read(StateReader in) {
                        boolean sorted = call(in::getBoolean);
                        int count = count(in, where);
                        Map<Object, Object> map = sorted ? new TreeMap<>() : LinkedHashMap.newLinkedHashMap(count);
                        for (int i = 0; i < count; i++) {
                            map.put(key.read(in), value.read(in));
                        }
                        return map;
                    }
                };
            }
            throw new IllegalArgumentException(where + ": type " + type.getTypeName() + " is not supported (use"
                    + " primitives, String, byte[], List, Map or records)");
        }

        private static Field record(Class<?> c, String where, int depth) {
            RecordComponent[] components = c.getRecordComponents();
            Field[] fields = new Field[components.length];
            MethodHandle[] accessors = new MethodHandle[components.length];
            Class<?>[] types = new Class<?>[components.length];
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            for (int i = 0; i < components.length; i++) {
                fields[i] = of(components[i].getGenericType(), where + "." + components[i].getName(), depth + 1);
                types[i] = components[i].getType();
                try {
                    components[i].getAccessor().setAccessible(true);
                    accessors[i] = lookup.unreflect(components[i].getAccessor());
                } catch (IllegalAccessException | RuntimeException e) {
                    throw new IllegalArgumentException(where + "." + components[i].getName()
                            + ": accessor not accessible: " + e.getMessage());
                }
            }
            MethodHandle constructor;
            try {
                Constructor<?> canonical = c.getDeclaredConstructor(types);
                canonical.setAccessible(true);
                constructor = lookup.unreflectConstructor(canonical);
            } catch (NoSuchMethodException | IllegalAccessException | RuntimeException e) {
                throw new IllegalArgumentException(where + ": canonical constructor not accessible: " + e.getMessage());
            }
            return new Field() {
                @Override
                public void write(Object value, StateWriter out) {
                    nonNull(value, where);
                    for (int i = 0; i < fields.length; i++) {
                        Object component;
                        try {
                            component = accessors[i].invoke(value);
                        } catch (Throwable e) {
                            throw new IllegalStateException(where + "." + components[i].getName() + ": " + e, e);
                        }
                        fields[i].write(component, out);
                    }
                }

                @Override
                public Object read(StateReader in) {
                    Object[] values = new Object[fields.length];
                    for (int i = 0; i < fields.length; i++) {
                        values[i] = fields[i].read(in);
                    }
                    long at = in.fileOffset();
                    try {
                        return constructor.invokeWithArguments(values);
                    } catch (Throwable e) {
                        // The record's own checks (a compact constructor) reject what it cannot hold.
                        throw new Malformed(in.error(where + " rejected the decoded values: " + e.getMessage(), at));
                    }
                }
            };
        }

        private static Field scalar(Class<?> c, String where) {
            if (c == int.class || c == Integer.class) {
                return simple(where, (v, out) -> out.putInt((Integer) v), in -> call(in::getInt));
            }
            if (c == long.class || c == Long.class) {
                return simple(where, (v, out) -> out.putLong((Long) v), in -> call(in::getLong));
            }
            if (c == boolean.class || c == Boolean.class) {
                return simple(where, (v, out) -> out.putBoolean((Boolean) v), in -> call(in::getBoolean));
            }
            if (c == byte.class || c == Byte.class) {
                return simple(where, (v, out) -> out.putByte((Byte) v), in -> (byte) (int) call(in::getUnsignedByte));
            }
            if (c == short.class || c == Short.class) {
                return simple(where, (v, out) -> putShort((Short) v, out), in -> (short) getShort(in));
            }
            if (c == char.class || c == Character.class) {
                return simple(where, (v, out) -> putShort((short) (char) (Character) v, out),
                        in -> (char) getShort(in));
            }
            if (c == double.class || c == Double.class) {
                return simple(where, (v, out) -> out.putLong(Double.doubleToRawLongBits((Double) v)),
                        in -> Double.longBitsToDouble(call(in::getLong)));
            }
            if (c == float.class || c == Float.class) {
                return simple(where, (v, out) -> out.putInt(Float.floatToRawIntBits((Float) v)),
                        in -> Float.intBitsToFloat(call(in::getInt)));
            }
            if (c == String.class) {
                return simple(where, (v, out) -> out.putString((String) v), in -> call(in::getString));
            }
            if (c == byte[].class) {
                return simple(where, (v, out) -> out.putBlob((byte[]) v), in -> call(in::getBlob));
            }
            return null;
        }

        private static void putShort(short v, StateWriter out) {
            out.putByte(v);
            out.putByte(v >>> 8);
        }

        private static int getShort(StateReader in) {
            int low = call(in::getUnsignedByte);
            return low | call(in::getUnsignedByte) << 8;
        }

        private static Field simple(String where, java.util.function.BiConsumer<Object, StateWriter> writer,
                Function<StateReader, Object> reader) {
            return new Field() {
                @Override
                public void write(Object value, StateWriter out) {
                    writer.accept(nonNull(value, where), out);
                }

                @Override
                public Object read(StateReader in) {
                    return reader.apply(in);
                }
            };
        }

        private static Object nonNull(Object value, String where) {
            return Objects.requireNonNull(value, () -> where + " is null; derived codecs do not encode nulls");
        }

        private static int count(StateReader in, String where) {
            return call(() -> in.getCount(where + " element", 1));
        }
    }

    /** A read that may fail with an {@link ImageFormatException}. */
    private interface Read<T> {
        T get() throws ImageFormatException;
    }

    private static <T> T call(Read<T> read) {
        try {
            return read.get();
        } catch (ImageFormatException e) {
            throw new Malformed(e);
        }
    }
}

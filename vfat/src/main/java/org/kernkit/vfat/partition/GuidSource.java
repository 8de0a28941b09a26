package org.kernkit.vfat.partition;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Where the GUIDs of a new GPT come from: version-4 (random) UUIDs drawn from a generator, or derived from a seed.
 *
 * <p>Derivation from a seed hashes (seed, index) with SHA-256 and keeps 122 bits as a version-4 UUID: the result
 * depends on nothing but the seed, not on a JDK's generator algorithm, so a reproducible build stays reproducible
 * across JDK versions. Distinct indexes give distinct GUIDs unless SHA-256 collides.
 */
abstract sealed class GuidSource {

    /** The next GUID. */
    abstract UUID next();

    static GuidSource from(RandomGenerator random) {
        return new Drawn(random);
    }

    static GuidSource fromSeed(long seed) {
        return new Derived(seed);
    }

    private static UUID version4(long msb, long lsb) {
        return new UUID(msb & ~0xF000L | 0x4000L, lsb & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L);
    }

    private static final class Drawn extends GuidSource {
        private final RandomGenerator random;

        Drawn(RandomGenerator random) {
            this.random = random;
        }

        @Override
        UUID next() {
            return version4(random.nextLong(), random.nextLong());
        }
    }

    private static final class Derived extends GuidSource {
        private final long seed;
        private long index;

        Derived(long seed) {
            this.seed = seed;
        }

        @Override
        UUID next() {
            MessageDigest sha;
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK provides SHA-256", e);
            }
            sha.update("kernkit-gpt-guid".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            sha.update(ByteBuffer.allocate(16).putLong(seed).putLong(index++).array());
            ByteBuffer digest = ByteBuffer.wrap(sha.digest());
            return version4(digest.getLong(), digest.getLong());
        }
    }
}

package io.ledgerlab.ledger.crypto.keystore;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * How a keystore turns a password into its 32-byte decryption key: scrypt or PBKDF2 with
 * HMAC-SHA256, as EIP-2335 allows. The cost parameters come from the file, so they are bounded: a
 * keystore must not be able to make its reader run for an hour or allocate gigabytes.
 */
public sealed interface Kdf permits Kdf.Scrypt, Kdf.Pbkdf2 {
  /** EIP-2335's dklen: 16 bytes of cipher key, 16 for the checksum. */
  int DERIVED_KEY_BYTES = 32;

  /** The {@code crypto.kdf.function} spelling. */
  String function();

  /** The 32-byte decryption key of {@code password} (EIP-2335-processed bytes) and {@code salt}. */
  byte[] derive(byte[] password, byte[] salt);

  /** EIP-2335's scrypt parameters (n = 2^18, r = 8, p = 1): about a second and 256 MiB here. */
  static Scrypt scryptDefault() {
    return new Scrypt(1 << 18, 8, 1);
  }

  /** EIP-2335's PBKDF2 count, 2^18. */
  static Pbkdf2 pbkdf2Default() {
    return new Pbkdf2(1 << 18);
  }

  /**
   * scrypt with cost {@code n} (a power of two), block size {@code r} and parallelism {@code p}. It
   * needs 128·n·r bytes of memory and time in proportion to n·r·p.
   */
  record Scrypt(int n, int r, int p) implements Kdf {
    /** 128·n·r: EIP-2335's default uses exactly this, 256 MiB. */
    public static final long MEMORY_BYTES_MAX = 256L << 20;

    /** n·r·p: twice EIP-2335's default, a few seconds. */
    public static final long WORK_MAX = 1L << 22;

    /**
     * @throws IllegalArgumentException naming the parameter and the bound it breaks
     */
    public Scrypt {
      if (n < 2 || Integer.bitCount(n) != 1) {
        throw new IllegalArgumentException("n: expected a power of two ≥ 2, got " + n);
      }
      if (r < 1) {
        throw new IllegalArgumentException("r: expected ≥ 1, got " + r);
      }
      if (p < 1) {
        throw new IllegalArgumentException("p: expected ≥ 1, got " + p);
      }
      long memory = 128L * n * r;
      if (memory > MEMORY_BYTES_MAX) {
        throw new IllegalArgumentException(
            "n, r: 128·n·r = "
                + memory
                + " bytes of memory, more than the bound of "
                + MEMORY_BYTES_MAX
                + " (256 MiB)");
      }
      long work = (long) n * r * p;
      if (work > WORK_MAX) {
        throw new IllegalArgumentException(
            "n, r, p: n·r·p = " + work + ", more than the bound of " + WORK_MAX + " (2^22)");
      }
    }

    @Override
    public String function() {
      return "scrypt";
    }

    @Override
    public byte[] derive(byte[] password, byte[] salt) {
      return SCrypt.generate(password, salt, n, r, p, DERIVED_KEY_BYTES);
    }
  }

  /** PBKDF2 with HMAC-SHA256 and {@code c} iterations. */
  record Pbkdf2(int c) implements Kdf {
    /** Eight times EIP-2335's default: a few seconds. */
    public static final int ITERATIONS_MAX = 1 << 21;

    /**
     * @throws IllegalArgumentException naming the parameter and the bound it breaks
     */
    public Pbkdf2 {
      if (c < 1) {
        throw new IllegalArgumentException("c: expected ≥ 1, got " + c);
      }
      if (c > ITERATIONS_MAX) {
        throw new IllegalArgumentException(
            "c: " + c + " iterations, more than the bound of " + ITERATIONS_MAX + " (2^21)");
      }
    }

    @Override
    public String function() {
      return "pbkdf2";
    }

    @Override
    public byte[] derive(byte[] password, byte[] salt) {
      PKCS5S2ParametersGenerator generator =
          new PKCS5S2ParametersGenerator(SHA256Digest.newInstance());
      generator.init(password, salt, c);
      return ((KeyParameter) generator.generateDerivedParameters(DERIVED_KEY_BYTES * 8)).getKey();
    }
  }
}

package io.ledgerlab.hermetic.tuf;

/**
 * Where the client's bytes come from. An implementation must stop reading at {@code maxLength}
 * bytes (refusing with {@link TufException.Reason#TOO_LARGE}) and give up on a server that is too
 * slow ({@link TufException.Reason#TOO_SLOW}): a repository is untrusted until its bytes verify,
 * and the bytes of an endless or stalled download never do.
 */
public interface Fetcher {
  /**
   * The file at {@code path} (relative to the repository), at most {@code maxLength} bytes.
   *
   * @throws TufException NOT_FOUND when the server has no such file
   */
  byte[] fetch(String path, long maxLength) throws TufException;
}

package io.ledgerlab.docker.image;

import java.util.List;

/**
 * An image nodes run in, built here, and what the launch command's own placeholders mean inside it.
 *
 * @param tag the image's name and tag; the tag is the first 16 hex digits of its content hash
 * @param kind {@code reference} (a Java runtime and Ledgerlab's classpath), {@code program} (one
 *     host program and the libraries it links) or {@code context} (a manifest's build context)
 * @param java what {@code {java}} stands for in the image
 * @param classpath what {@code {classpath}} stands for in the image; empty where there is none
 * @param jvmOptions options the image adds after the manifest's (its native library path)
 * @param built whether this call built it, rather than finding it built already
 */
public record NodeImage(
    String tag,
    String kind,
    String java,
    String classpath,
    List<String> jvmOptions,
    boolean built) {
  public NodeImage {
    jvmOptions = List.copyOf(jvmOptions);
  }
}

package io.ledgerlab.lab.governance;

import java.nio.file.Path;

/**
 * One timed governance action of a scenario: at {@code atMicros} into the load, the lab's first
 * operator proposes installing {@code jar} as {@code chainCode} {@code version}, and operators
 * approve it until {@code approvals} have.
 *
 * @param jar the jar, absolute; its hash is what the proposal names
 * @param activateAt the activation height: absolute, or added to the head height at the proposal
 *     when {@code relative}
 * @param source the step's JSON pointer in the scenario file, for messages
 */
public record GovernanceStep(
    long atMicros,
    String chainCode,
    int version,
    Path jar,
    String sha256,
    long activateAt,
    boolean relative,
    int approvals,
    String source) {
  /** The activation height for a proposal made when the head is at {@code headHeight}. */
  public long activationHeight(long headHeight) {
    return relative ? headHeight + activateAt : activateAt;
  }

  /** The install in a few words: "counter version 2 at +20". */
  public String describe() {
    return chainCode + " version " + version + " at " + (relative ? "+" : "height ") + activateAt;
  }
}

package io.ledgerlab.lab.check;

import io.ledgerlab.lab.engine.NodeStatus;

/**
 * One node of a run as the checks see it.
 *
 * @param honest whether the lab counts it honest (a canary node is: its bugs must be caught)
 * @param behaviour its Byzantine behaviour, or "honest"
 * @param canary its deliberately broken software, or "none"
 * @param validatorId its identity as evidence names it, or "" when unknown
 * @param endStatus where it was at the final reads
 * @param version the software version it started the run with
 * @param observer whether it is an observer: honest, without a validator key, so no evidence can
 *     name it
 */
public record NodeInfo(
    String name,
    boolean honest,
    String behaviour,
    String canary,
    long power,
    String validatorId,
    NodeStatus endStatus,
    String version,
    boolean observer) {
  /** A validator. */
  public NodeInfo(
      String name,
      boolean honest,
      String behaviour,
      String canary,
      long power,
      String validatorId,
      NodeStatus endStatus,
      String version) {
    this(name, honest, behaviour, canary, power, validatorId, endStatus, version, false);
  }

  /** A node of a network with one software version, the lab's own. */
  public NodeInfo(
      String name,
      boolean honest,
      String behaviour,
      String canary,
      long power,
      String validatorId,
      NodeStatus endStatus) {
    this(name, honest, behaviour, canary, power, validatorId, endStatus, "current");
  }
}

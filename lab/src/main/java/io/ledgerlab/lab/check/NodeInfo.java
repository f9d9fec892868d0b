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
 */
public record NodeInfo(
    String name,
    boolean honest,
    String behaviour,
    String canary,
    long power,
    String validatorId,
    NodeStatus endStatus) {}

/**
 * The public chain-code API of the reference chain: the only artifact a contract depends on.
 *
 * <p>A chain code is a {@link io.ledgerlab.chaincode.ChainCode}: it reads and writes its own key
 * space through a {@link io.ledgerlab.chaincode.CallContext}, learns who signed and where the chain
 * is, emits events, and answers with an {@link io.ledgerlab.chaincode.Outcome}. Every validator
 * runs every call and must reach the same result, so nothing else is in reach: when a jar is
 * installed, the node checks its bytecode for the clock, threads, randomness, I/O, reflection,
 * native code, static mutable state and hash-ordered collections, and meters every call with a step
 * budget.
 */
package io.ledgerlab.chaincode;

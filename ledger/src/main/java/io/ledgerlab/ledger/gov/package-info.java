/**
 * On-chain M-of-N governance: the bodies of the {@code propose} and {@code approve} actions, their
 * strict codec, and the content hash an approval signs. The rules that judge them against the state
 * live beside the other transaction rules, in {@code exec}.
 */
package io.ledgerlab.ledger.gov;

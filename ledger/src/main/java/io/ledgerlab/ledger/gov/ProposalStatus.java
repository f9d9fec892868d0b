package io.ledgerlab.ledger.gov;

import java.util.List;

/**
 * A proposal as a client sees it at the committed head: its content, who approved it, and where it
 * stands.
 *
 * @param state {@code pending} (collecting approvals), {@code expired} (its expiry height passed
 *     before it reached the threshold), {@code scheduled} (approved, waiting for its activation
 *     height) or {@code active} (its activation height is committed)
 * @param approvers the operators who approved, by name, in the genesis order
 */
public record ProposalStatus(
    long id,
    String state,
    Install install,
    long expiryHeight,
    String contentHash,
    List<String> approvers,
    int threshold) {
  public static final String PENDING = "pending";
  public static final String EXPIRED = "expired";
  public static final String SCHEDULED = "scheduled";
  public static final String ACTIVE = "active";

  public ProposalStatus {
    approvers = List.copyOf(approvers);
  }
}

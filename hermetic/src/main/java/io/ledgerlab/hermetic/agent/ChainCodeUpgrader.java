package io.ledgerlab.hermetic.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerlab.hermetic.feed.Instruction;
import io.ledgerlab.hermetic.tuf.StrictJson;
import io.ledgerlab.lab.governance.CodePlacement;
import io.ledgerlab.lab.target.ChainClient;
import io.ledgerlab.lab.target.ClientException;
import io.ledgerlab.lab.target.Governance;
import io.ledgerlab.lab.target.SignedTx;
import io.ledgerlab.lab.target.Submitted;
import io.ledgerlab.ledger.crypto.Sha256;
import io.ledgerlab.runtime.log.EventLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Upgrades chain code on the managed network through its own governance: the verified jar goes into
 * every node's code directory first (a node without it would halt at the activation height), then
 * the agent's first operator key proposes the install and the next ones approve it — each approval
 * bound to the content hash computed here. Done when every node reports the proposal active past
 * its activation height.
 */
public final class ChainCodeUpgrader implements Executor {
  private static final Duration POLL = Duration.ofMillis(250);

  private final ManagedNetwork managed;
  private final EventLog log;
  private final Duration timeout;

  public ChainCodeUpgrader(ManagedNetwork managed, EventLog log, Duration timeout) {
    this.managed = managed;
    this.log = log;
    this.timeout = timeout;
  }

  @Override
  public Result execute(Instruction instruction, Map<String, Path> files, Path out)
      throws IOException, InterruptedException {
    Instruction.UpgradeChainCode up = (Instruction.UpgradeChainCode) instruction;
    Optional<Governance> g = managed.chain().governance();
    if (g.isEmpty()) {
      return new Result(false, "the managed network has no operators (network.operators)");
    }
    Governance governance = g.get();
    int approvals = up.approvals().orElse(governance.threshold());
    if (approvals > governance.operators()) {
      return new Result(
          false,
          approvals
              + " approvals asked, the agent holds "
              + governance.operators()
              + " operator keys");
    }
    Path jar = files.get(up.jar());
    String sha256 = Sha256.hash(Files.readAllBytes(jar)).hex();
    for (String node : managed.engine().nodes()) {
      CodePlacement.copy(jar, managed.run().code(node));
    }
    List<ChainClient> clients = new ArrayList<>();
    managed.engine().nodes().forEach(n -> clients.add(managed.engine().client(n)));
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      return upgrade(up, governance, approvals, sha256, clients, deadline, out);
    } catch (ClientException e) {
      return new Result(false, "a node refused a governance call: " + e.getMessage());
    }
  }

  private Result upgrade(
      Instruction.UpgradeChainCode up,
      Governance governance,
      int approvals,
      String sha256,
      List<ChainClient> clients,
      long deadline,
      Path out)
      throws ClientException, InterruptedException, IOException {
    ChainClient client = clients.get(0);
    long head = client.head().height();
    long activation = up.relative() ? head + up.activation() : up.activation();
    if (activation <= head + 1) {
      return new Result(
          false, "activation height " + activation + " is not above the head " + head);
    }
    long id = governance.proposalCount(client) + 1;
    Governance.Install install =
        new Governance.Install(up.chainCode(), up.version(), sha256, activation);
    Submitted proposed =
        client.submit(List.of(governance.propose(client, 0, id, install, activation - 1))).get(0);
    if (!proposed.accepted()) {
      return new Result(
          false, "proposal " + id + " refused: " + proposed.reason() + ": " + proposed.detail());
    }
    log.info(
        "agent.upgrade.proposed",
        Map.of(
            "id",
            id,
            "chainCode",
            up.chainCode(),
            "version",
            up.version(),
            "sha256",
            sha256,
            "activationHeight",
            activation));
    while (governance.proposal(client, id).isEmpty()) {
      if (System.nanoTime() > deadline) {
        return new Result(false, "proposal " + id + " was not committed in time");
      }
      Thread.sleep(POLL.toMillis());
    }
    List<SignedTx> approve = new ArrayList<>();
    for (int operator = 1; operator < approvals; operator++) {
      approve.add(governance.approve(client, operator, id, install, activation - 1));
    }
    for (Submitted a : approve.isEmpty() ? List.<Submitted>of() : client.submit(approve)) {
      if (!a.accepted()) {
        return new Result(
            false, "an approval of proposal " + id + " refused: " + a.reason() + ": " + a.detail());
      }
    }
    log.info("agent.upgrade.approved", Map.of("id", id, "approvals", approvals));
    // Every node must be past the activation with the proposal active.
    ObjectNode report = StrictJson.MAPPER.createObjectNode();
    report
        .put("proposal", id)
        .put("chainCode", up.chainCode())
        .put("version", up.version())
        .put("sha256", sha256)
        .put("activationHeight", activation);
    ObjectNode nodes = report.putObject("nodes");
    List<String> notActive = new ArrayList<>();
    for (ChainClient c : clients) {
      String state = "unknown";
      while (System.nanoTime() < deadline) {
        Optional<Governance.ProposalView> v = governance.proposal(c, id);
        long h = c.head().height();
        if (v.isPresent() && "active".equals(v.get().state()) && h > activation) {
          state = "active";
          nodes
              .putObject(c.node())
              .put("state", state)
              .put("height", h)
              .put("approvers", String.join(",", v.get().approvers()));
          break;
        }
        state = v.map(Governance.ProposalView::state).orElse("unknown") + " at height " + h;
        Thread.sleep(POLL.toMillis());
      }
      if (!"active".equals(state)) {
        notActive.add(c.node() + " (" + state + ")");
        nodes.putObject(c.node()).put("state", state);
      }
    }
    Files.write(
        out.resolve("upgrade.json"),
        StrictJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
    if (!notActive.isEmpty()) {
      return new Result(false, "proposal " + id + " not active on " + notActive);
    }
    log.info("agent.upgrade.active", Map.of("id", id, "activationHeight", activation));
    return new Result(
        true,
        up.chainCode()
            + " version "
            + up.version()
            + " active from height "
            + activation
            + " on "
            + clients.size()
            + " nodes (proposal "
            + id
            + ", "
            + approvals
            + " approvals)");
  }
}

package io.ledgerlab.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a field of type {@link Network} for {@link LedgerlabExtension}, which this annotation
 * registers: a {@code static} field is one network for the whole class, started before the first
 * test and closed after the last; an instance field is a fresh network for every test. After each
 * test the extension heals every fault the test left, waits for the nodes to progress, and runs the
 * lab's checks (safety, state agreement, liveness, durability of every call the test saw committed,
 * validity, evidence, nodes); an invalid check fails the test with the seed and the command that
 * replays it.
 *
 * <pre>{@code
 * class AuctionNetworkTest {
 *   @LabNetwork static Network net = Network.sim().validators(4).accounts(4).seed(7).build();
 *
 *   @Test
 *   void aTransferCommitsWhileOneNodeIsDown() {
 *     net.kill("n3");
 *     net.transfer(net.account(0), net.account(1), 5).assertOk();
 *     net.start("n3");
 *     net.awaitHeight("n3", net.height());
 *   }
 * }
 * }</pre>
 *
 * <p>Replay a failure with {@code -Dledgerlab.seed=<seed>}, which overrides every network's seed;
 * on the simulator the same seed and test make the same run.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@ExtendWith(LedgerlabExtension.class)
public @interface LabNetwork {
  /** Whether the checks run after each test; off for a test that breaks a check on purpose. */
  boolean checks() default true;
}

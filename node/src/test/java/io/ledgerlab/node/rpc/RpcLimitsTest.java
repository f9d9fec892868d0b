package io.ledgerlab.node.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class RpcLimitsTest {
  @Test
  void theBodyBudgetIsAnEighthOfASmallHeapAndAtMost64MiB() {
    assertThat(RpcLimits.bodyBudgetFor(96L << 20)).isEqualTo(12L << 20);
    assertThat(RpcLimits.bodyBudgetFor(4L << 30)).isEqualTo(64L << 20);
    assertThat(RpcLimits.bodyBudgetFor(4L << 20)).isEqualTo(2L * RpcHttpServer.BODY_BYTES_MAX);
  }

  @Test
  void ipv6ClientsAreCountedByTheir64AndIpv4ByAddress() throws Exception {
    InetAddress a = RpcHttpServer.client(InetAddress.getByName("2001:db8:1:2:aaaa::1"));
    InetAddress b = RpcHttpServer.client(InetAddress.getByName("2001:db8:1:2:bbbb::9"));
    InetAddress other = RpcHttpServer.client(InetAddress.getByName("2001:db8:1:3::1"));
    assertThat(a).isEqualTo(b).isNotEqualTo(other);
    assertThat(RpcHttpServer.client(InetAddress.getByName("::1")))
        .isEqualTo(InetAddress.getByName("::1"));
    assertThat(RpcHttpServer.client(InetAddress.getByName("127.0.0.2")))
        .isEqualTo(InetAddress.getByName("127.0.0.2"));
  }
}

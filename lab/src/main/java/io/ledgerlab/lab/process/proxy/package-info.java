/**
 * Per-link TCP fault proxies for the process engine.
 *
 * <p>Each node dials each peer through the proxy of that directed link, and sends to the peer only
 * over the connection it dialed; so breaking the proxy {@code a→b} cuts what {@code a} says to
 * {@code b} and nothing else. {@link io.ledgerlab.lab.process.proxy.ProxyMesh} owns the proxies of
 * a network; {@link io.ledgerlab.lab.process.proxy.LinkFault} is the state of one link.
 */
package io.ledgerlab.lab.process.proxy;

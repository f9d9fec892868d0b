/**
 * Nodes in network namespaces of their own, for chains whose nodes find their peers by themselves
 * (an Ethereum beacon node's discovery hands out the addresses peers advertise, so no proxy of the
 * lab's can sit on a link). Each node gets its own address on a bridge the run creates; a link's
 * fault is an iptables rule in the sending node's namespace: real kernel drops, entered from the
 * host, so the node needs no tools of its own. {@link io.ledgerlab.lab.process.netns.NamespaceNet}
 * owns the bridge and the namespaces of one run; {@link io.ledgerlab.lab.process.netns.LinkRules}
 * turns link states into rules.
 */
package io.ledgerlab.lab.process.netns;

package io.ledgerlab.hermetic.agent;

import io.ledgerlab.hermetic.feed.Instruction;
import java.nio.file.Path;
import java.util.Map;

/** Carries out one kind of instruction. */
public interface Executor {
  /**
   * Carries out {@code instruction}.
   *
   * @param files the feed targets the instruction names, verified and saved locally, by path
   * @param out a directory of its own: what is written here is signed and uploaded
   */
  Result execute(Instruction instruction, Map<String, Path> files, Path out) throws Exception;

  /** Whether it did what it was asked, and a line saying what happened. */
  record Result(boolean ok, String detail) {}
}

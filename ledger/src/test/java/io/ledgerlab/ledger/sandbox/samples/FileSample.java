package io.ledgerlab.ledger.sandbox.samples;

import java.io.FileInputStream;
import java.io.IOException;

/** Reads a file. */
public class FileSample extends Sample {
  @Override
  protected long run(int n) {
    try (FileInputStream in = new FileInputStream("/etc/hostname")) {
      return in.read();
    } catch (IOException e) {
      return -1;
    }
  }
}

package io.ledgerlab.lab.report;

/** Text made safe to put in HTML, as element content or as a quoted attribute value. */
final class Html {
  private Html() {}

  static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c < ' ' && c != '\n' && c != '\t' && c != '\r' ? '\uFFFD' : c);
      }
    }
    return sb.toString();
  }
}

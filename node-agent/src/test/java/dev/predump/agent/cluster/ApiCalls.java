package dev.predump.agent.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * Kubernetes API requests as RBAC sees them: {@code group resource verb}, in the format of the
 * chart's API-call lists ({@code ""} is the core group).
 */
final class ApiCalls {
  private ApiCalls() {}

  /** The RBAC call of one HTTP request to the API server. */
  static String of(String method, String path) {
    String plain = path;
    boolean watch = false;
    int query = path.indexOf('?');
    if (query >= 0) {
      plain = path.substring(0, query);
      watch = path.substring(query).contains("watch=true");
    }
    String[] p = plain.replaceFirst("^/", "").split("/");
    // /api/v1/... (core) or /apis/<group>/<version>/...
    String group = p[0].equals("api") ? "\"\"" : p[1];
    int i = p[0].equals("api") ? 2 : 3;
    if (i < p.length && p[i].equals("namespaces") && i + 2 < p.length) {
      i += 2;
    }
    String resource = p[i];
    boolean named = i + 1 < p.length;
    if (i + 2 < p.length) {
      resource = resource + "/" + p[i + 2];
    }
    String verb =
        switch (method) {
          case "GET" -> watch ? "watch" : named ? "get" : "list";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> named ? "delete" : "deletecollection";
          default -> method.toLowerCase(java.util.Locale.ROOT);
        };
    return group + " " + resource + " " + verb;
  }

  /** The calls a list file names, comments and blank lines left out. */
  static Set<String> listed(Path file) throws IOException {
    Set<String> calls = new TreeSet<>();
    for (String line : Files.readAllLines(file)) {
      String l = line.strip();
      if (!l.isEmpty() && !l.startsWith("#")) {
        calls.add(l.replaceAll("\\s+", " "));
      }
    }
    return calls;
  }
}

package dev.predump.agent.engine;

import dev.predump.image.proto.SourceIdentity;
import java.nio.file.Path;

/**
 * One container of a run: what is stopped, and the chain its rounds go to. The members of a run are
 * stopped together, once per round, and each writes its own chain (two containers' processes share
 * namespace pids, so they cannot share an image directory).
 */
public record ChainMember(Target target, Path chainDir, SourceIdentity source) {}

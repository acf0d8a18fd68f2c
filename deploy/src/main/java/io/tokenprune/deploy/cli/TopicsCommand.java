package io.tokenprune.deploy.cli;

import io.tokenprune.deploy.topics.TopicCatalog;
import io.tokenprune.deploy.topics.TopicChange;
import io.tokenprune.deploy.topics.TopicSpec;
import io.tokenprune.deploy.topics.TopicsApplier;
import io.tokenprune.deploy.topics.TopicsException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "topics",
    mixinStandardHelpOptions = true,
    description = "Manage the tokenprune topics.",
    subcommands = {TopicsCommand.Apply.class})
final class TopicsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "apply",
      mixinStandardHelpOptions = true,
      description = {
        "Create or update topics to match topics.yaml (partitions, retention, cleanup.policy,",
        "max.message.bytes, compression.type, ...). Idempotent: a second run changes nothing."
      })
  static final class Apply implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin KafkaTarget kafka;

    @Option(
        names = {"-f", "--file"},
        paramLabel = "FILE",
        description = "Topic definitions (default: the bundled deploy/topics.yaml).")
    Path file;

    @Option(
        names = "--dry-run",
        description = "Show the drift from the live topics; change nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
      List<TopicSpec> specs = load();
      PrintWriter out = spec.commandLine().getOut();
      try (KafkaTarget.Connection conn = kafka.connect(spec.commandLine().getErr())) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, conn.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
          TopicsApplier applier = new TopicsApplier(admin);
          List<TopicChange> changes = dryRun ? applier.plan(specs) : applier.apply(specs);
          if (changes.isEmpty()) {
            out.println("topics match " + source() + ": nothing to change");
          }
          for (TopicChange c : changes) {
            out.println((dryRun ? "would " : "") + c);
          }
          return 0;
        } catch (TopicsException e) {
          throw new UserInputException(e.getMessage(), e);
        }
      }
    }

    private List<TopicSpec> load() {
      try {
        return file == null ? TopicCatalog.bundled() : TopicCatalog.read(file);
      } catch (IOException e) {
        throw new UserInputException("cannot read " + file + ": " + e.getMessage(), e);
      } catch (IllegalArgumentException e) {
        throw new UserInputException(e.getMessage(), e);
      }
    }

    private String source() {
      return file == null ? "topics.yaml" : file.toString();
    }
  }
}

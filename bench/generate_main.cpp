// claimcheck_corpus: writes a synthetic corpus with its ground truth (bench/corpus_generator.hpp).
//   claimcheck_corpus --claims N [--seed S] [--conflict-share F] --out DIR
// DIR/rules/synthetic.yaml, DIR/corpus.jsonl and DIR/truth.json; check it with
//   claimcheck check DIR/corpus.jsonl --rules DIR/rules
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "corpus_generator.hpp"

int main(int argc, char** argv) {
  claimcheck::bench::CorpusOptions options;
  std::string out;
  CLI::App app{"Writes a synthetic claim corpus with planted conflicts and their ground truth"};
  app.add_option("--claims", options.claims, "claims to write")->check(CLI::Range(std::size_t{1}, std::size_t{100'000'000}));
  app.add_option("--seed", options.seed, "random seed; the same seed gives the same files");
  app.add_option("--conflict-share", options.conflict_share, "share of components with a planted conflict")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--out", out, "directory to write")->required();
  CLI11_PARSE(app, argc, argv);
  auto corpus = claimcheck::bench::generate_corpus(options);
  std::filesystem::create_directories(std::filesystem::path(out) / "rules");
  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream file(std::filesystem::path(out) / name, std::ios::binary);
    file << text;
    if (!file) throw std::runtime_error("cannot write " + name);
  };
  write("rules/synthetic.yaml", corpus.rule_pack);
  write("corpus.jsonl", corpus.lines);
  write("truth.json", claimcheck::bench::truth_json(options, corpus));
  fmt::print("{} claims in {} components, {} documents, {} entities, {} planted conflicts -> {}\n", corpus.claims,
             corpus.components, corpus.documents, corpus.entities, corpus.planted.size(), out);
}

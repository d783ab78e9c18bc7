// A stand-in for memattr-agent in test images while the real one is not given: a dynamically
// linked C++ program, so the image build must carry libstdc++ and friends into the initramfs.
// It prints its arguments and, for --manifest FILE, the file's first line.
#include <fstream>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
  std::string args;
  for (int i = 1; i < argc; ++i) args += std::string(" ") + argv[i];
  std::cout << "memattr-agent-standin: ran with" << (args.empty() ? " no arguments" : args) << "\n";
  if (argc == 3 && std::string(argv[1]) == "--manifest") {
    std::ifstream manifest(argv[2]);
    std::string line;
    if (!std::getline(manifest, line)) {
      std::cout << "memattr-agent-standin: cannot read " << argv[2] << "\n";
      return 1;
    }
    std::cout << "memattr-agent-standin: manifest " << line << "\n";
  }
  return 0;
}

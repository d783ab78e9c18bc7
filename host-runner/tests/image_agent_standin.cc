// A stand-in for memattr-agent in test images while the real one is not given: a dynamically
// linked C++ program, so the image build must carry libstdc++ and friends into the initramfs.
#include <iostream>
#include <string>

int main(int argc, char** argv) {
  std::string args;
  for (int i = 1; i < argc; ++i) args += std::string(" ") + argv[i];
  std::cout << "memattr-agent-standin: ran with" << (args.empty() ? " no arguments" : args) << "\n";
  return 0;
}

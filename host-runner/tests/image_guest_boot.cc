#include "image_guest_boot.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

namespace memattr::host::testing {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
constexpr std::uintmax_t kNvdimmBytes = (32u << 20) | (128u << 10);  // N x 16 MiB + 128 KiB labels

void MakeSparseFile(const fs::path& path, std::uintmax_t size) {
  std::ofstream(path, std::ios::trunc).close();
  fs::resize_file(path, size);
}

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), {}};
}

std::string FileBackend(const std::string& id, const fs::path& file, std::uintmax_t size) {
  return "memory-backend-file,id=" + id + ",share=on,mem-path=" + file.string() +
         ",size=" + std::to_string(size);
}

}  // namespace

fs::path TestImageCacheDir() {
  const char* env = std::getenv("MEMATTR_IMAGE_CACHE");
  return env && *env ? fs::path(env) : DefaultImageCacheDir();
}

fs::path FindQemu() {
  std::istringstream dirs(std::getenv("PATH") ? std::getenv("PATH") : "");
  for (std::string dir; std::getline(dirs, dir, ':');)
    if (::access((fs::path(dir) / "qemu-system-aarch64").c_str(), X_OK) == 0)
      return fs::path(dir) / "qemu-system-aarch64";
  return {};
}

std::vector<std::string> GuestBootArgv(const fs::path& qemu, const GuestImage& image,
                                       const GuestBootOptions& options) {
  const fs::path& w = options.work_dir;
  const bool guest = options.machine == BootMachine::kGuest;
  std::vector<std::string> argv = {qemu.string(),
                                   "-M",
                                   guest ? "virt,gic-version=3,nvdimm=on,iommu=smmuv3"
                                         : "virt,gic-version=3,virtualization=on,nvdimm=on",
                                   "-cpu",
                                   "max,pauth-impdef=on",
                                   "-accel",
                                   "tcg",
                                   "-smp",
                                   "2",
                                   "-m",
                                   guest ? "1536M,slots=4,maxmem=4G" : "3G,slots=4,maxmem=8G",
                                   "-nic",
                                   "none",
                                   "-display",
                                   "none",
                                   "-monitor",
                                   "none",
                                   "-serial",
                                   "file:" + (w / "console.log").string(),
                                   "-bios",
                                   image.firmware.string(),
                                   "-kernel",
                                   image.kernel.string(),
                                   "-initrd",
                                   image.initrd.string(),
                                   "-append",
                                   "console=ttyAMA0 " + options.append,
                                   "-object",
                                   FileBackend("nv0", w / "nvdimm.img", kNvdimmBytes),
                                   "-device",
                                   "nvdimm,memdev=nv0,label-size=128K"};
  if (guest) {
    argv.insert(argv.end(),
                {"-object", "memory-backend-ram,id=m0,size=1280M", "-object",
                 FileBackend("m1", w / "numa1.img", 256u << 20), "-numa",
                 "node,nodeid=0,cpus=0-1,memdev=m0", "-numa", "node,nodeid=1,memdev=m1"});
  }
  argv.insert(argv.end(),
              {"-object", FileBackend("shm0", w / "ivshmem.img", 16u << 20), "-device",
               guest ? "ivshmem-plain,memdev=shm0"
                     : "ivshmem-plain,memdev=shm0,bus=pcie.0,addr=0x1e"});  // host_init's slot
  argv.insert(argv.end(), options.extra_args.begin(), options.extra_args.end());
  return argv;
}

GuestBoot BootGuest(const fs::path& qemu, const GuestImage& image,
                    const GuestBootOptions& options) {
  fs::create_directories(options.work_dir);
  MakeSparseFile(options.work_dir / "ivshmem.img", 16u << 20);
  MakeSparseFile(options.work_dir / "nvdimm.img", kNvdimmBytes);
  MakeSparseFile(options.work_dir / "numa1.img", 256u << 20);
  fs::remove(options.work_dir / "console.log");
  std::vector<std::string> argv = GuestBootArgv(qemu, image, options);
  std::vector<char*> c_argv;
  for (auto& a : argv) c_argv.push_back(a.data());
  c_argv.push_back(nullptr);

  GuestBoot boot;
  const auto start = Clock::now();
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::execv(c_argv[0], c_argv.data());
    ::_exit(127);
  }
  while (pid > 0 && Clock::now() - start < options.timeout) {
    if (::waitpid(pid, &boot.wait_status, WNOHANG) == pid) {
      boot.powered_off = true;
      break;
    }
    if (!options.marker.empty() && boot.marker_seconds < 0 &&
        ReadAll(options.work_dir / "console.log").find(options.marker) != std::string::npos)
      boot.marker_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  if (pid > 0 && !boot.powered_off) {  // never leave QEMU running
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &boot.wait_status, 0);
  }
  boot.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  boot.console = ReadAll(options.work_dir / "console.log");
  return boot;
}

}  // namespace memattr::host::testing

#include "sweep/sweep_mpi.hpp"

#include <cstdlib>
#include <iostream>
#include <string_view>
#include <vector>

#include <mpi.h>

namespace gigasim {
namespace {

constexpr int kTag = 7;  // every sweep message; their order per pair of ranks is MPI's

// Environment variables that MPI launchers set in each process they start: Open MPI's mpirun,
// and PMIx/PMI, which Slurm's srun provides.
bool launched_by_mpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(name) != nullptr) return true;
  return false;
}

std::string receive(int source, MPI_Status& probed) {
  int bytes = 0;
  MPI_Get_count(&probed, MPI_BYTE, &bytes);
  std::string message(static_cast<std::size_t>(bytes), '\0');
  MPI_Recv(message.data(), bytes, MPI_BYTE, source, kTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return message;
}

}  // namespace

bool MpiWorld::launched_as_other_rank() {
  for (const char* name : {"OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_RANK"})
    if (const char* rank = std::getenv(name); rank != nullptr) return std::string_view(rank) != "0";
  return false;
}

std::unique_ptr<MpiWorld> MpiWorld::join_if_launched() {
  if (!launched_by_mpi()) return nullptr;
  int provided = 0;
  // Only the main thread of each rank calls MPI; compute threads never do.
  if (MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
    std::cerr << "gigasim sweep: MPI did not start; run without mpirun, or check the MPI installation\n";
    std::exit(1);
  }
  int rank = 0;
  int size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  return std::unique_ptr<MpiWorld>(new MpiWorld(rank, size));
}

MpiWorld::~MpiWorld() {
  MPI_Finalize();
}

std::string MpiWorld::processor_name() const {
  std::vector<char> name(MPI_MAX_PROCESSOR_NAME, '\0');
  int length = 0;
  MPI_Get_processor_name(name.data(), &length);
  return {name.data(), static_cast<std::size_t>(length)};
}

void MpiWorld::broadcast(std::string& text) const {
  unsigned long long bytes = text.size();
  MPI_Bcast(&bytes, 1, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
  text.resize(bytes);
  MPI_Bcast(text.data(), static_cast<int>(bytes), MPI_BYTE, 0, MPI_COMM_WORLD);
}

void MpiWorld::send(int rank, const std::string& message) const {
  MPI_Send(message.data(), static_cast<int>(message.size()), MPI_BYTE, rank, kTag, MPI_COMM_WORLD);
}

std::optional<std::pair<int, std::string>> MpiWorld::poll() const {
  int arrived = 0;
  MPI_Status status;
  MPI_Iprobe(MPI_ANY_SOURCE, kTag, MPI_COMM_WORLD, &arrived, &status);
  if (arrived == 0) return std::nullopt;
  return std::pair{status.MPI_SOURCE, receive(status.MPI_SOURCE, status)};
}

void MpiWorld::abort(const std::string& why) const {
  std::cerr << "gigasim sweep: rank " << rank_ << ": " << why << "\n";
  MPI_Abort(MPI_COMM_WORLD, 1);
  std::exit(1);  // MPI_Abort does not return; this keeps the compiler's view the same
}

std::string MpiWorld::receive_from_root() const {
  MPI_Status status;
  MPI_Probe(0, kTag, MPI_COMM_WORLD, &status);
  return receive(0, status);
}

}  // namespace gigasim

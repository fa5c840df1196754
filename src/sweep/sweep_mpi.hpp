#pragma once
// The MPI side of `gigasim sweep` (Debian's OpenMPI): joining the job when the process was started
// by mpirun or srun, and moving text messages between ranks. Rank 0 hands out chunks and alone
// writes the database; other ranks ask for work and send back rows.

#include <memory>
#include <optional>
#include <string>

namespace gigasim {

class MpiWorld {
 public:
  // The world when this process was launched by an MPI launcher (mpirun, srun) with more than one
  // rank; none otherwise (the sweep then uses local threads only). Exits the process when MPI
  // cannot start.
  static std::unique_ptr<MpiWorld> join_if_launched();
  // Whether a launcher started this process as a rank other than 0, read from its environment
  // without joining MPI (a query needs no MPI, and only rank 0 should print it).
  static bool launched_as_other_rank();
  ~MpiWorld();
  MpiWorld(const MpiWorld&) = delete;
  MpiWorld& operator=(const MpiWorld&) = delete;

  [[nodiscard]] int rank() const { return rank_; }
  [[nodiscard]] int size() const { return size_; }
  [[nodiscard]] std::string processor_name() const;

  // Rank 0's `text` to every rank (others' `text` is replaced).
  void broadcast(std::string& text) const;
  void send(int rank, const std::string& message) const;
  // A message from any rank, if one has arrived (never blocks): {source, message}.
  [[nodiscard]] std::optional<std::pair<int, std::string>> poll() const;
  // The next message from rank 0 (blocks).
  [[nodiscard]] std::string receive_from_root() const;
  // Ends every rank (a rank that cannot take part would leave rank 0 waiting for it forever).
  [[noreturn]] void abort(const std::string& why) const;

 private:
  MpiWorld(int rank, int size) : rank_(rank), size_(size) {}
  int rank_ = 0;
  int size_ = 1;
};

}  // namespace gigasim

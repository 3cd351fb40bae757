#include "parkit/version.hpp"

namespace parkit {
const char* version() noexcept { return PARKIT_VERSION; }
}  // namespace parkit

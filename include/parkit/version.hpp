// parkit's version (the CMake project version), recorded in pipeline build logs.
#pragma once

namespace parkit {
const char* version() noexcept;
}

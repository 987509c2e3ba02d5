# SPDX-License-Identifier: Apache-2.0
# Cross toolchain for the an521 images (Debian's gcc-arm-none-eabi + newlib).
#   cmake -S . -B build-an521 -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-arm-none-eabi.cmake \
#         -DCAI_PLATFORM=an521
# CPU0 of the SSE-200 in QEMU's mps2-an521 is a Cortex-M33 without the DSP
# extension and without an FPU (as on the real SSE-200), so the DSP
# instructions are switched off (+nodsp: mbedTLS's bignum would otherwise use
# UMAAL and take a UsageFault) and floats are soft (-mfloat-abi=soft). The secure image's own
# objects add -mcmse (platform/an521/spe).
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_ASM_COMPILER arm-none-eabi-gcc)
set(CMAKE_AR arm-none-eabi-ar)
set(CMAKE_RANLIB arm-none-eabi-ranlib)
set(CMAKE_OBJCOPY arm-none-eabi-objcopy CACHE FILEPATH "objcopy")
set(CMAKE_SIZE arm-none-eabi-size CACHE FILEPATH "size")
# No host program can run: compiler checks build a library instead.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(CAI_ARM_CPU_FLAGS "-mcpu=cortex-m33+nodsp -mthumb -mfloat-abi=soft")
set(CMAKE_C_FLAGS_INIT "${CAI_ARM_CPU_FLAGS} -ffunction-sections -fdata-sections")
set(CMAKE_ASM_FLAGS_INIT "${CAI_ARM_CPU_FLAGS}")
set(CMAKE_EXE_LINKER_FLAGS_INIT "${CAI_ARM_CPU_FLAGS} -Wl,--gc-sections")
set(CMAKE_C_FLAGS_RELEASE_INIT "-Os")

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)

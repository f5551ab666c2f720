/*
 * bcryptprimitives.dll for wine 8.0, which has none.
 *
 * Go 1.24 and later load bcryptprimitives.dll from System32 at start-up and
 * take their random numbers from its ProcessPrng; without it every Go
 * program dies with "bcryptprimitives.dll not found" before main. This stub
 * provides ProcessPrng and fills the buffer through advapi32's
 * SystemFunction036 (RtlGenRandom), which wine implements. Only .ci/run
 * uses it, to run the test binaries under wine; it is never shipped.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

/* ProcessPrng fills data with size random bytes; it returns TRUE, or FALSE
 * if RtlGenRandom fails (real Windows never fails here). RtlGenRandom takes
 * a 32-bit length, so a larger request is filled in pieces. */
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size)
{
    while (size > 0) {
        ULONG n = size > 0x40000000 ? 0x40000000 : (ULONG)size;
        if (!SystemFunction036(data, n))
            return FALSE;
        data += n;
        size -= n;
    }
    return TRUE;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    (void)instance; (void)reason; (void)reserved;
    return TRUE;
}

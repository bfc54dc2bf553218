/*
 * A test-only stand-in for Windows' bcryptprimitives.dll, which Wine 8.0 lacks. Rust's std
 * (since 1.78) imports ProcessPrng from it, so without this DLL next to it portdoc.exe does
 * not start under Wine 8.0 (status c0000135). Windows 10 and later ship the real DLL: this
 * one belongs to the Wine harness only, never to a release.
 * ProcessPrng fills the buffer from RtlGenRandom (advapi32's SystemFunction036).
 */
#include <windows.h>
#include <ntsecapi.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!RtlGenRandom(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}

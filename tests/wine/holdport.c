/*
 * A Windows program for the Wine tests (tests/windows_under_wine.rs), built with mingw.
 *
 *   holdport.exe hold PORT fetch|server   holds a TCP listener and a UDP socket on
 *       127.0.0.1:PORT, prints its Windows pid, and exits when its standard input closes.
 *       Wine 8.0 binds and listens in wineserver: the Linux descriptor stays there
 *       ("server") until the program itself uses the socket; "fetch" calls recv() once on
 *       each socket, which brings the descriptor into this process.
 *   holdport.exe bind PORT   binds TCP 127.0.0.1:PORT and prints the error Winsock gave,
 *       as "bind 127.0.0.1:PORT failed: WSAEADDRINUSE (10048)"; exit status 0 if it failed.
 */
#include <winsock2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *error_name(int error)
{
    switch (error) {
    case WSAEADDRINUSE:
        return "WSAEADDRINUSE";
    case WSAEACCES:
        return "WSAEACCES";
    case WSAEADDRNOTAVAIL:
        return "WSAEADDRNOTAVAIL";
    default:
        return "error";
    }
}

static struct sockaddr_in loopback(const char *port)
{
    struct sockaddr_in address;
    memset(&address, 0, sizeof address);
    address.sin_family = AF_INET;
    address.sin_port = htons((unsigned short)atoi(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
}

static int hold(const char *port, int fetch)
{
    struct sockaddr_in address = loopback(port);
    SOCKET tcp = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    SOCKET udp = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    if (bind(tcp, (struct sockaddr *)&address, sizeof address) != 0 || listen(tcp, 8) != 0)
        return 3;
    if (bind(udp, (struct sockaddr *)&address, sizeof address) != 0)
        return 4;
    if (fetch) {
        u_long nonblocking = 1;
        char byte;
        ioctlsocket(tcp, FIONBIO, &nonblocking);
        ioctlsocket(udp, FIONBIO, &nonblocking);
        recv(tcp, &byte, 1, 0);
        recv(udp, &byte, 1, 0);
    }
    printf("%lu\n", GetCurrentProcessId());
    fflush(stdout);
    while (getchar() != EOF)
        ;
    return 0;
}

static int try_bind(const char *port)
{
    struct sockaddr_in address = loopback(port);
    SOCKET tcp = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (bind(tcp, (struct sockaddr *)&address, sizeof address) == 0) {
        printf("bind 127.0.0.1:%s succeeded\n", port);
        return 1;
    }
    int error = WSAGetLastError();
    printf("bind 127.0.0.1:%s failed: %s (%d)\n", port, error_name(error), error);
    return 0;
}

int main(int argc, char **argv)
{
    WSADATA wsa;
    if (argc < 3 || WSAStartup(MAKEWORD(2, 2), &wsa) != 0)
        return 2;
    if (strcmp(argv[1], "hold") == 0 && argc == 4)
        return hold(argv[2], strcmp(argv[3], "fetch") == 0);
    if (strcmp(argv[1], "bind") == 0)
        return try_bind(argv[2]);
    return 2;
}

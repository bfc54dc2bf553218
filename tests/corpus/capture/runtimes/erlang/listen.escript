#!/usr/bin/env escript
%% gen_tcp:listen / gen_udp:open; mode "print" prints the result, "match" crashes on it
main([Proto, Ip, Port, Mode]) ->
    {ok, Addr} = inet:parse_address(Ip),
    Opts = [{ip, Addr}] ++ case tuple_size(Addr) of 8 -> [inet6]; _ -> [] end,
    P = list_to_integer(Port),
    Res = case Proto of
              "tcp" -> gen_tcp:listen(P, Opts);
              "udp" -> gen_udp:open(P, Opts)
          end,
    case Mode of
        "print" -> io:format("~p~n", [Res]);
        "match" -> {ok, _Sock} = Res
    end,
    timer:sleep(infinity).

select $é$ ; $é$, $_1$;$_1$, $a1$;$a1$;
select $$ $notatag $$;
create function f(int) returns int as $body$ select $1 + 1; $body$ language sql;
select f(1) as $x;
select 1 as a$b, $$;$$;
prepare p(int, int) as select $1 + $2;
select 'x' as "$$", $q$'$q$;
select $TAG$ upper ; $tag$ ; $TAG$;

select (1; select 2);
select array[1;2];
select 3;
create function g() returns int language sql begin atomic select 1; select 2; end;
create procedure pr() language sql begin atomic insert into nothing values (1); end;
select 4 ; select 5;;; select 6;

create table c (a int, b text);
copy c from stdin;
1	one;
2	two
\.
select count(*) from c;
copy c (a, b) from stdin with (format csv);
3,"th;ree"
\.
select 7;

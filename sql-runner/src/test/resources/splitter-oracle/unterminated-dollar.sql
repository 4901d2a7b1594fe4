select 1;
select $x$ never closed;
select 2;

/* leading block; comment */ select 1;
-- leading line; comment
select /* e; /* nested; */ f; */ 2;
select 3 /* trailing; */ ;
select 4; -- after; on the same line
select -- inside
  5;
select 6 --; not a terminator
;
select '/* not a comment; */';
select "--not a comment;";

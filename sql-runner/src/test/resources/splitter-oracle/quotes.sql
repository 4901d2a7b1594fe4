-- every kind of quote, with semicolons inside
select 'it''s;', "x;y" as "q""uote;", E'a\';b', e'\\;', U&'d\0061t;a', U&"ide;nt" from (select 1 as "ide;nt") s;
select B'0101', X'1f', N'n;', $$;$$, $tag$ ; $tag$;
select 'run'
  'on;'
      'again;';
select 'no'    'continuation on one line';
select 'a' -- a comment between
  'b;';

set standard_conforming_strings = off;
select 'a\';b';
select 'c\\'; select 'd';
SET standard_conforming_strings TO on;
select 'e\'; select 'f;';
set standard_conforming_strings = 'off';
select 'g\';h';
reset standard_conforming_strings;
select 'i\'; select 2;

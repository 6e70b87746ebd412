-- Varje kommun får bara ha ett belopp per år och post i anslagstabellen
select _fil as fil, _blad as blad, _rad as rad, kommun_angiven as varde
from staging.stg_anslag
where (ar, part, coalesce(kommunkod, ''), post) in (
    select (ar, part, coalesce(kommunkod, ''), post) from staging.stg_anslag group by all having count(*) > 1
)
and post = 'Beredning'

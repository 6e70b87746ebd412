-- Varje kommun får bara ha en skattekraft per år
select _fil as fil, _rad as rad, kommunkod || ' ' || ar as varde
from staging.stg_skattekraft
where (kommunkod, ar) in (select (kommunkod, ar) from staging.stg_skattekraft group by all having count(*) > 1)

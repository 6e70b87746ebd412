-- Varje kommun får bara ha en prognos per år i befolkningsprognosen
select _fil as fil, _rad as rad, kommunkod || ' ' || ar as varde
from staging.stg_befolkningsprognos
where (kommunkod, ar) in (select (kommunkod, ar) from staging.stg_befolkningsprognos group by all having count(*) > 1)

-- Varje enhet får bara ha en rad per period i budgetuppföljningen
select _fil as fil, _blad as blad, _rad as rad, enhet || ' ' || ar || '-' || manad as varde
from staging.stg_budget
where (ar, manad, enhet) in (select (ar, manad, enhet) from staging.stg_budget group by all having count(*) > 1)

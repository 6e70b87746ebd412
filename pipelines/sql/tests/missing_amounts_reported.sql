-- Ett belopp som saknas i budgetuppföljningen eller anslagen ska finnas i rejected_rows (aldrig tyst saknas)
select b._fil as fil, b._rad as rad
from staging.stg_budget b
where (b.budget_helar_tkr is null or b.budget_period_tkr is null or b.utfall_ack_tkr is null
       or b.prognos_helar_tkr is null)
  and not exists (select 1 from main.rejected_rows r where r.fil = b._fil and r.rad = b._rad)
union all
select a._fil, a._rad
from staging.stg_anslag a
where a.belopp_kr is null
  and not exists (select 1 from main.rejected_rows r where r.fil = a._fil and r.rad = a._rad)

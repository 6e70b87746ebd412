-- Nycklar får inte saknas i kurerade tabeller
select 'enkatsvar' as tabell, fil, rad from main.enkatsvar where kommunkod is null or sluttid is null
union all select 'anslag', null, null from main.anslag where belopp_kr is null or (part = 'kommun' and kommunkod is null)
union all select 'budgetutfall', null, null from main.budgetutfall where budget_helar_tkr is null or utfall_ack_tkr is null

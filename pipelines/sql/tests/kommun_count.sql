-- Referenstabellen ska innehålla länets 15 kommuner
select count(*) as varde from main.kommun having count(*) <> 15

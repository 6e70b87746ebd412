-- Likert answers of the responses that count: label, score 1-5 (null for Vet ej), a Vet ej flag and vikt:
-- 1 / the number of the kommun's respondents with a position on the question (null for Vet ej), so that a
-- weighted mean sum(varde * vikt) / sum(vikt) weighs every kommun equally. vikt is 1 in en_per_kommun.
-- roll: the respondent's role (null without roles); vikt_roll: as vikt, within the kommun's respondents of that
-- role, for figures filtered on one role.
with svar as (select * from staging.stg_enkatsvar where svar is not null),
giltiga as (select utvardering, svars_id, roll from enkatsvar where galler),
fragor as (select fraga_id from fraga where typ = 'likert'),
skala as (select * from likertskala),
final as (
    select s.utvardering, s.svars_id, s.kommunkod, s.fraga_id, s.svar, k.varde, k.varde is null as vet_ej,
           case when k.varde is not null then
               1.0 / count(k.varde) over (partition by s.utvardering, s.kommunkod, s.fraga_id)
           end as vikt,
           g.roll,
           case when k.varde is not null then
               1.0 / count(k.varde) over (partition by s.utvardering, s.kommunkod, s.fraga_id, g.roll)
           end as vikt_roll
    from svar s
    join giltiga g using (utvardering, svars_id)
    join fragor using (fraga_id)
    join skala k on k.etikett = s.svar
    order by s.utvardering, s.kommunkod, s.fraga_id
)
select * from final
